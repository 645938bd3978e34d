from django.contrib import admin

from haven.assistance.models import Delivery, DeliveryRefusal, Distribution, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["code", "name", "modality", "item", "status", "starts_on"]
    list_filter = ["modality", "status"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area"]


@admin.register(Distribution)
class DistributionAdmin(admin.ModelAdmin[Distribution]):
    list_display = ["name", "programme", "round", "place", "planned_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["area", "programme"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["pk", "programme", "round", "household", "delivered_on", "source"]
    raw_id_fields = ["entitlement", "programme", "distribution", "household", "received_by"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        # Deliveries change through their services only, where double delivery is refused.
        return False


@admin.register(DeliveryRefusal)
class DeliveryRefusalAdmin(admin.ModelAdmin[DeliveryRefusal]):
    list_display = ["attempted_at", "distribution", "reason", "attempted_by"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
