app_name = "espace"

urlpatterns = []
