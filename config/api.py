"""What every app's API shares: the exception handler that turns service errors into the contract's answers."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error_detail(exc: DjangoValidationError) -> dict:
    """{"field": ["message"]} from a Django ValidationError; errors without a field go under "detail"."""
    if hasattr(exc, "error_dict"):
        detail = {}
        for field, errors in exc.message_dict.items():
            detail["detail" if field == "__all__" else field] = list(errors)
        return detail
    return {"detail": list(exc.messages)}


def exception_handler(exc, context):
    # Services raise Django's exceptions (they do not know about HTTP); the API answers 400 / 403 for them.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class PDFRenderer(BaseRenderer):
    """Lets a client ask for application/pdf (a `….pdf` route answers config.pdf.reponse_pdf); errors (403, 404)
    keep a JSON body."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)
