from django.urls import path

from reminders import views_rules

urlpatterns = [
    path("", views_rules.rules, name="rules"),
    path("steps/new/", views_rules.step_edit, name="step-new"),
    path("steps/<int:pk>/", views_rules.step_edit, name="step-edit"),
    path("opt-outs/add/", views_rules.opt_out_create, name="opt-out-add"),
    path("opt-outs/<int:pk>/remove/", views_rules.opt_out_delete, name="opt-out-remove"),
]
