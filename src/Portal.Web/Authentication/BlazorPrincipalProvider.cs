using Microsoft.AspNetCore.Components.Authorization;
using Portal.Application.Security;

namespace Portal.Web.Authentication;

/// <summary>The signed-in user of the current Blazor circuit, or of the HTTP request outside a circuit.</summary>
internal sealed class BlazorPrincipalProvider(AuthenticationStateProvider authState, IHttpContextAccessor http) : ICurrentPrincipalProvider
{
    public async Task<CurrentPrincipal> GetAsync(CancellationToken ct = default)
    {
        try
        {
            var state = await authState.GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated == true) return PortalClaims.ToPrincipal(state.User);
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit (an endpoint) the state provider has no state; the request's user is the caller.
        }
        return http.HttpContext?.User is { } user ? PortalClaims.ToPrincipal(user) : CurrentPrincipal.Anonymous;
    }
}
