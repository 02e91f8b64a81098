"""The portal's base layer: what every app needs and no app owns (outgoing mail, German
number formats, table exports, form field markup). It imports no app of the portal."""
