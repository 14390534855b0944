namespace Portal.Web.Hosting;

/// <summary>
/// Which environment the host runs as. <c>dotnet run</c> (the launch profile in Properties/launchSettings.json) asks
/// for Development through <see cref="LaunchDefaultVariable"/>: a default that every explicit choice wins over
/// (<c>--environment</c>, <c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c>). A launch profile that set
/// ASPNETCORE_ENVIRONMENT itself would overwrite the caller's, so <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c>
/// ran as Development, with the development sign-in and the demo on.
/// </summary>
public static class HostEnvironmentDefault
{
    public const string LaunchDefaultVariable = "PORTAL_LAUNCH_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) =>
        new() { Args = args, EnvironmentName = Resolve(args, Environment.GetEnvironmentVariable) };

    /// <summary>The environment to force, or null to let the host decide as usual (explicit setting, else Production).</summary>
    public static string? Resolve(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var explicitArgument = args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase)
                                             || a.StartsWith("/environment", StringComparison.OrdinalIgnoreCase));
        if (explicitArgument || !string.IsNullOrEmpty(environment("ASPNETCORE_ENVIRONMENT")) || !string.IsNullOrEmpty(environment("DOTNET_ENVIRONMENT")))
            return null;
        return environment(LaunchDefaultVariable) is { Length: > 0 } launchDefault ? launchDefault : null;
    }
}
