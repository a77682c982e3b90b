using MailHub.Core.Accounts;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/accounts/{id}/enable.</summary>
internal sealed class EnableAccount(AccountStore accounts) : AccountSwitch(accounts, "enable", disabled: false,
    "Enable a disabled account again (admins): it can sign in with its password.");
