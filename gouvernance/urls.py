app_name = "gouvernance"

urlpatterns = []
