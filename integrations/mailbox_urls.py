app_name = "mailbox"
urlpatterns: list = []
