"""Reader feedback on answers (👍/👎 with a reason), kept in SQLite under Settings.data_dir."""
