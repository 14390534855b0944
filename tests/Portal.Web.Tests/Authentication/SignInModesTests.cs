using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Portal.Web.Authentication;

namespace Portal.Web.Tests.Authentication;

public class SignInModesTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Portal.Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void From_Development_EnablesDevelopmentSignInByDefault() =>
        Assert.True(SignInModes.From(Config(), new Env("Development")).DevelopmentSignInEnabled);

    [Fact]
    public void From_ProductionWithoutAnySignIn_RefusesToStart()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SignInModes.From(Config(), new Env("Production")));
        Assert.Contains("No sign-in is configured", ex.Message);
    }

    [Fact]
    public void From_ProductionWithEntra_KeepsDevelopmentSignInOff()
    {
        var modes = SignInModes.From(Config(("AzureAd:TenantId", "t"), ("AzureAd:ClientId", "c")), new Env("Production"));
        Assert.True(modes.EntraConfigured);
        Assert.False(modes.DevelopmentSignInEnabled);
    }

    [Fact]
    public void From_ProductionWithExplicitOptIn_EnablesDevelopmentSignIn() =>
        Assert.True(SignInModes.From(Config(("Authentication:DevelopmentSignIn:Enabled", "true")), new Env("Production")).DevelopmentSignInEnabled);
}
