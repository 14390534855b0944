using MudBlazor;

namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    /// <summary>System fonts only: the portal must work without reaching a font CDN.</summary>
    public static MudTheme Theme { get; } = new()
    {
        // Secondary is used only for muted text and icons, so a quiet grey instead of MudBlazor's pink.
        // Every colour that carries text (white on a filled chip or button, or itself on white in outlined chips,
        // links and alerts) is dark enough for WCAG AA (4.5:1 against white); MudBlazor's defaults are not
        // (success 2.2:1, warning 2.2:1, info 3.1:1, error 3.7:1). Alerts show text in the "darken" shade on a
        // light tint of the same colour, which is darker still.
        PaletteLight = new PaletteLight
        {
            Secondary = "#616161",   // 6.2:1
            Tertiary = "#00796B",    // 5.3:1
            Info = "#1565C0",        // 5.8:1
            Success = "#2E7D32",     // 5.1:1
            Warning = "#A84300",     // 6.1:1
            Error = "#C62828",       // 5.6:1
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
