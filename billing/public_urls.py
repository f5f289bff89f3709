# Client-facing pages (no login; signed URLs).
app_name = "public"
urlpatterns: list = []
