"""Distributed mode: a leader (schedule.py --redis) sends jobs through Redis Streams to
`headlines worker` processes on any host, and one writer stores what they send."""
