using Microsoft.JSInterop;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Tokens;
using Portal.Domain.Access;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Tokens;

/// <summary>The signed-in person's personal access tokens: make one (rights picked from their own, expiry within the tenants'
/// maximum, refused next to the field otherwise), see it once with a copy button, the list with when each was last used, revoke.</summary>
public partial class AccessTokens
{
    private IReadOnlyList<AccessTokenView>? _tokens;
    private IReadOnlyList<TokenTenantChoice>? _choices;
    private readonly HashSet<TokenScope> _picked = [];
    private Dictionary<string, string> _fieldErrors = [];
    private Error? _error;
    private string _name = "";
    private int _days = 30;
    private string? _secret;
    private bool _busy;

    private int MaxDays => _choices is null || _choices.Count == 0 ? 90
        : _choices.Where(c => _picked.Any(p => p.TenantId == c.TenantId)).Select(c => c.MaxLifetimeDays).DefaultIfEmpty(_choices.Min(c => c.MaxLifetimeDays)).Min();

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var tokens = await ListTokens.HandleAsync(new ListMyAccessTokensQuery());
        var choices = await ListChoices.HandleAsync(new ListTokenChoicesQuery());
        _error = tokens.Error ?? choices.Error;
        _tokens = tokens.Value;
        _choices = choices.Value;
    }

    private void Toggle(TokenScope scope, bool on)
    {
        if (on) _picked.Add(scope); else _picked.Remove(scope);
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _fieldErrors = [];
        _error = null;
        try
        {
            var result = await Create.HandleAsync(new CreateAccessTokenCommand(_name, _picked.ToList(), _days));
            if (!result.IsSuccess)
            {
                if (result.Error!.Field is { } field) _fieldErrors[field] = result.Error.Message;
                else _error = result.Error;
                return;
            }
            _secret = result.Value!.Secret;
            _name = "";
            _picked.Clear();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", _secret);
        Snackbar.Add("Token copied.", Severity.Success);
    }

    private async Task RevokeAsync(AccessTokenView token)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Revoke {token.Name}?",
                "Every script or pipeline using this token is refused from its next call. This cannot be undone.", "Revoke", Color.Error)) return;
        var result = await Revoke.HandleAsync(new RevokeAccessTokenCommand(token.Id));
        if (!result.IsSuccess) { _error = result.Error; return; }
        Snackbar.Add($"{token.Name} revoked.", Severity.Success);
        await LoadAsync();
    }
}
