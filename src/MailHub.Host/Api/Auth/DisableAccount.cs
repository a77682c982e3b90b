using MailHub.Core.Accounts;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/accounts/{id}/disable.</summary>
internal sealed class DisableAccount(AccountStore accounts) : AccountSwitch(accounts, "disable", disabled: true,
    "Disable an account (admins): it cannot sign in, and every session it had is signed out on every node.");
