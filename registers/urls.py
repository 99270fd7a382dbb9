from django.urls import path, register_converter

from registers import views
from registers.specs import REGISTERS


class RegisterConverter:
    regex = "|".join(REGISTERS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegisterConverter, "register")
register_converter(ExportFormatConverter, "exportformat")

app_name = "registers"
urlpatterns = [
    path("", views.index, name="index"),
    path("kpi/<int:pk>/", views.kpi_evidence, name="kpi_evidence"),
    path("<slug:slug>/", views.workstream_registers, name="workstream"),
    path("<slug:slug>/<register:register>/", views.record_list, name="list"),
    path("<slug:slug>/<register:register>/new/", views.record_new, name="new"),
    path("<slug:slug>/<register:register>/<int:pk>/", views.record_edit, name="edit"),
    path("<slug:slug>/<register:register>/<int:pk>/delete/", views.record_delete, name="delete"),
    path("<slug:slug>/<register:register>/<int:pk>/restore/", views.record_restore, name="restore"),
    path("<slug:slug>/<register:register>/export.<exportformat:fmt>", views.export, name="export"),
]
