"""HTTP serving: the JSON/CSV API and the offline dashboard (`headlines serve`)."""
