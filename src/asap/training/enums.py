from django.db import models
from django.utils.translation import gettext_lazy as _


class EventLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    EU = "eu", _("EU")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Profile(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")
    CHILD_PROTECTION_POLICY = (
        "child_protection_policy",
        _("Person responsible for the child protection policy"),
    )
    IT_PROFESSIONAL = "it_professional", _("IT professional")
    OTHER = "other", _("Other")


class RegisteredBy(models.TextChoices):
    TRAINER = "trainer", _("The trainer")
    SELF = "self", _("Themselves, through the registration link")
    IMPORT = "import", _("CSV import")


class ResponseKind(models.TextChoices):
    PRE = "pre", _("Before the module")
    POST = "post", _("After the module")
    SATISFACTION = "satisfaction", _("Satisfaction")


class Country(models.TextChoices):
    AL = "AL", _("Albania")
    AT = "AT", _("Austria")
    BA = "BA", _("Bosnia and Herzegovina")
    BE = "BE", _("Belgium")
    BG = "BG", _("Bulgaria")
    CH = "CH", _("Switzerland")
    CY = "CY", _("Cyprus")
    CZ = "CZ", _("Czechia")
    DE = "DE", _("Germany")
    DK = "DK", _("Denmark")
    EE = "EE", _("Estonia")
    ES = "ES", _("Spain")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    GB = "GB", _("United Kingdom")
    GR = "GR", _("Greece")
    HR = "HR", _("Croatia")
    HU = "HU", _("Hungary")
    IE = "IE", _("Ireland")
    IT = "IT", _("Italy")
    LT = "LT", _("Lithuania")
    LU = "LU", _("Luxembourg")
    LV = "LV", _("Latvia")
    MD = "MD", _("Moldova")
    ME = "ME", _("Montenegro")
    MK = "MK", _("North Macedonia")
    MT = "MT", _("Malta")
    NL = "NL", _("Netherlands")
    NO = "NO", _("Norway")
    PL = "PL", _("Poland")
    PT = "PT", _("Portugal")
    RO = "RO", _("Romania")
    RS = "RS", _("Serbia")
    SE = "SE", _("Sweden")
    SI = "SI", _("Slovenia")
    SK = "SK", _("Slovakia")
    TR = "TR", _("Türkiye")
    UA = "UA", _("Ukraine")
    XX = "XX", _("Other country")
