"""URLs of the advanced engines' pages, included from :mod:`learning.urls`."""

from django.urls import path

from learning import views_advanced

urlpatterns = [
    path("learning/market/", views_advanced.market, name="market"),
    path("insights/resume-dna/", views_advanced.resume_dna, name="resume-dna"),
]
