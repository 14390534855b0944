using Portal.Web.Components.Pages.Databases;

namespace Portal.Web.Tests;

public class DatabaseCandidateNamingTests
{
    [Theory]
    [InlineData("cluster/shop-db", "shop-db")]
    [InlineData("statefulset/billing-mysql", "billing-mysql")]
    [InlineData("shop-db", "shop-db")]
    [InlineData(null, "")]
    public void ObjectName_DiscoveredKindAndName_IsTheNameAlone(string? sourceObject, string expected) =>
        Assert.Equal(expected, RegisterDatabasePage.ObjectName(sourceObject));
}
