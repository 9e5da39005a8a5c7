"""Everything SQL: open_db() (WAL, migrations applied), writes, queries, aggregation."""
from db.connection import DatabaseError, open_db, write_transaction

__all__ = ["DatabaseError", "open_db", "write_transaction"]
