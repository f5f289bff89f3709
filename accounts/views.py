from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from accounts.navigation import page_for_url_name, pages_for_user


@login_required
def home(request):
    return render(request, "accounts/home.html", {"pages": pages_for_user(request.user)})


def page_placeholder(url_name: str):
    """A view for a page whose issue has not landed: it guards and says so, nothing more."""
    page = page_for_url_name(url_name)

    @login_required
    @permission_required(page.permission, raise_exception=True)
    def view(request):
        return render(request, "accounts/placeholder.html", {"page": page})

    return view
