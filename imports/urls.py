# Included at import/.

app_name = "imports"
urlpatterns: list = []
