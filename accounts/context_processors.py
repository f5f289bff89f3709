from accounts.navigation import pages_for_user


def navigation(request):
    return {"nav_pages": pages_for_user(getattr(request, "user", None))}
