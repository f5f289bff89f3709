from accounts.navigation import sections_for_user


def navigation(request):
    return {"nav_sections": sections_for_user(getattr(request, "user", None))}
