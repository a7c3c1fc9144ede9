from django.apps import AppConfig


class CallsheetsConfig(AppConfig):
    name = "callsheets"
    verbose_name = "Call sheets"
