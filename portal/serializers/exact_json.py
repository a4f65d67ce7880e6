"""JSON fixtures that keep timestamps to the microsecond, for backups (``dumpdata --format=exactjson``).

Django's JSON serializer rounds datetimes to milliseconds and its XML one strips leading and
trailing whitespace from text; a backup must give back exactly what it was given.
"""

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer
