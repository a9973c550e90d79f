"""Kept records (记录): the course and year summaries the services keep up to
date, their rebuild from the raw events (rebuild_records), a cadre's training
archive (学习档案) and certificates (结业证书). The models are
courses.models.records."""
