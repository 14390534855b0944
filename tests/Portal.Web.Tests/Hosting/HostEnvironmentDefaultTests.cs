using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Hosting;

/// <summary><c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> runs as Production; plain <c>dotnet run</c> stays the
/// Development demo.</summary>
public sealed class HostEnvironmentDefaultTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    private static readonly (string, string) LaunchProfile = (HostEnvironmentDefault.LaunchDefaultVariable, "Development");

    [Fact]
    public void LaunchProfile_SetsNoEnvironmentThatWouldOverwriteTheCallers()
    {
        var file = Path.Combine(RepoFolder(), "src", "Portal.Web", "Properties", "launchSettings.json");
        var profiles = JsonNode.Parse(File.ReadAllText(file))!["profiles"]!.AsObject();

        Assert.NotEmpty(profiles);
        foreach (var (name, profile) in profiles)
        {
            var variables = profile!["environmentVariables"]?.AsObject().Select(p => p.Key).ToList() ?? [];
            Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", variables);
            Assert.DoesNotContain("DOTNET_ENVIRONMENT", variables);
            Assert.Equal("Development", (string?)profile["environmentVariables"]?[HostEnvironmentDefault.LaunchDefaultVariable]);
            _ = name;
        }
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("DOTNET_ENVIRONMENT")]
    public void ExplicitEnvironmentVariable_WinsOverTheLaunchDefault(string variable)
    {
        Assert.Null(HostEnvironmentDefault.Resolve([], Env(LaunchProfile, (variable, "Production"))));
    }

    [Fact]
    public void ExplicitArgument_WinsOverTheLaunchDefault()
    {
        Assert.Null(HostEnvironmentDefault.Resolve(["--environment", "Production"], Env(LaunchProfile)));
        Assert.Null(HostEnvironmentDefault.Resolve(["--environment=Staging"], Env(LaunchProfile)));
    }

    [Fact]
    public void PlainDotnetRun_IsDevelopment_AndWithoutTheLaunchProfile_TheHostDecides()
    {
        Assert.Equal("Development", HostEnvironmentDefault.Resolve([], Env(LaunchProfile)));
        Assert.Null(HostEnvironmentDefault.Resolve([], Env()));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = HostEnvironmentDefault.Resolve([], Env(LaunchProfile)) });
        Assert.Equal("Development", builder.Environment.EnvironmentName);
    }

    private static string RepoFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Portal.sln not found above the test binaries.");
    }
}
