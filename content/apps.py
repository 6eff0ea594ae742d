from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Clinic guidance"

    def ready(self) -> None:
        # Any change to clinic content (its models, their history, their tag links) makes
        # the remembered result-page selections old (content.services).
        from content.services import content_changed

        for model in self.get_models():
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-d-{model}")
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through
                m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"m2m-{through}")
