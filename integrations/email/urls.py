from django.urls import path

from integrations.email import views as mailbox_views

app_name = "mailbox"
urlpatterns = [
    path("", mailbox_views.inbox, name="inbox"),
    path("<int:pk>/", mailbox_views.message, name="message"),
    path("<int:pk>/html/", mailbox_views.message_html, name="message-html"),
]
