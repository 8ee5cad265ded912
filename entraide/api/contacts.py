"""entraide API: the helplines (CONTRACT.md entraide, `GET /api/entraide/contacts/`): public, no login, the active
ones in their order, `[{"nom", "telephone", "description"}]` (a plain list: a handful of editable rows)."""

from rest_framework import generics, permissions, serializers

from ..models import Contact
from ..selectors import contacts_affiches


class ContactEntraideSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["nom", "telephone", "description"]
        read_only_fields = fields


class ContactsView(generics.ListAPIView):
    serializer_class = ContactEntraideSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # public: no session, so no CSRF either, and nothing about the visitor
    pagination_class = None
    filter_backends: list = []
    queryset = Contact.objects.none()

    def get_queryset(self):
        return contacts_affiches()
