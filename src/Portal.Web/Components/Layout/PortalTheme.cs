using MudBlazor;

namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    /// <summary>System fonts only: the portal must work without reaching a font CDN.</summary>
    public static MudTheme Theme { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
