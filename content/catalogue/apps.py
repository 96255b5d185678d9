from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "content.catalogue"
    label = "catalogue"
    verbose_name = "淘汰落后工艺技术设备目录"
