"""Every PDF the app prints: fonts, styles, form parts, the paper questionnaire, charts."""
