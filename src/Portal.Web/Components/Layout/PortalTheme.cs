using MudBlazor;

namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    /// <summary>System fonts only: the portal must work without reaching a font CDN.</summary>
    public static MudTheme Theme { get; } = new()
    {
        // Secondary is used only for muted text and icons, so a quiet grey instead of MudBlazor's pink.
        PaletteLight = new PaletteLight { Secondary = "#616161" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
