from django.apps import AppConfig


class BenchPagesConfig(AppConfig):
    name = "tests.bench_pages"
    label = "bench_pages"
    verbose_name = "Bench pages"
