namespace Portal.Web.Authentication;

/// <summary>Which sign-in methods this instance offers, decided once at start-up.</summary>
public sealed record SignInModes(bool DevelopmentSignInEnabled, bool EntraConfigured)
{
    /// <summary>Development sign-in is on in the Development environment, and elsewhere only when
    /// Authentication:DevelopmentSignIn:Enabled is set explicitly. With neither it nor Entra ID configured
    /// nobody could sign in, so the portal refuses to start.</summary>
    public static SignInModes From(IConfiguration config, IHostEnvironment env)
    {
        var entra = !string.IsNullOrWhiteSpace(config["AzureAd:ClientId"]) && !string.IsNullOrWhiteSpace(config["AzureAd:TenantId"]);
        var explicitDev = config.GetValue<bool?>("Authentication:DevelopmentSignIn:Enabled");
        var dev = env.IsDevelopment() ? explicitDev ?? true : explicitDev == true;
        if (!dev && !entra)
            throw new InvalidOperationException(
                "No sign-in is configured. Set AzureAd:TenantId and AzureAd:ClientId (Microsoft Entra ID), or, for a demo outside Development, " +
                "set Authentication:DevelopmentSignIn:Enabled=true explicitly.");
        return new SignInModes(dev, entra);
    }
}
