"""The Scrapy project: one spider per source kind, a thin pipeline into aggregator/ and db/."""
