"""Baken's Gradio theme: the default theme with colours that pass WCAG AA contrast (4.5:1) for
buttons, the selected tab, info text and other subdued text (checked by axe-core in the
browser tests)."""

from __future__ import annotations

import gradio as gr

PRIMARY = "#1d4ed8"  # blue-700 on white: 6.7:1; white on it: 6.7:1
PRIMARY_DARK = "#1e40af"
STOP = "#b91c1c"  # red-700: white on it 6.5:1
STOP_DARK = "#991b1b"
SUBDUED = "#4b5563"  # gray-600 on white: 7.6:1


def baken_theme() -> gr.themes.Base:
    """The default theme in blue with accessible contrast."""
    theme = gr.themes.Default(primary_hue="blue")
    theme.set(
        color_accent=PRIMARY, color_accent_soft="#dbeafe", color_accent_soft_dark="#1e3a8a",
        border_color_accent=PRIMARY, border_color_accent_dark="#93c5fd",
        body_text_color_subdued=SUBDUED, body_text_color_subdued_dark="#d1d5db",
        block_info_text_color=SUBDUED, block_info_text_color_dark="#d1d5db",
        button_primary_background_fill=PRIMARY, button_primary_background_fill_dark=PRIMARY,
        button_primary_background_fill_hover=PRIMARY_DARK,
        button_primary_background_fill_hover_dark=PRIMARY_DARK,
        button_primary_text_color="white", button_primary_text_color_dark="white",
        button_primary_border_color=PRIMARY, button_primary_border_color_dark=PRIMARY,
        button_cancel_background_fill=STOP, button_cancel_background_fill_dark=STOP,
        button_cancel_background_fill_hover=STOP_DARK,
        button_cancel_background_fill_hover_dark=STOP_DARK,
        button_cancel_text_color="white", button_cancel_text_color_dark="white",
        button_cancel_border_color=STOP, button_cancel_border_color_dark=STOP,
        link_text_color=PRIMARY, link_text_color_hover=PRIMARY_DARK,
        link_text_color_visited="#6d28d9",
    )
    return theme
