using System.Net.Mail;
using System.Text.RegularExpressions;
using MailHub.Core.Accounts;
using MailHub.Core.Http;

namespace MailHub.People.Members;

/// <summary>What makes member fields valid, with messages that say how to fix them.</summary>
internal static partial class MemberRules
{
    public const int MinPasswordLength = 6;

    public static void CheckAccount(string? account, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(account))
            errors.Add("account", "Give the member an account: 1 to 32 letters, digits, '.', '-' or '_', e.g. \"zhangsan\".");
        else if (!AccountPattern().IsMatch(account))
            errors.Add("account", $"'{account}' is not a valid account: use 1 to 32 letters (a-z, A-Z), digits, '.', '-' or '_'.");
    }

    public static void CheckName(string? name, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
            errors.Add("name", "Give the member's name, e.g. \"张三\".");
        else if (name.Trim().Length > 100)
            errors.Add("name", "Keep the name to 100 characters.");
    }

    public static void CheckEmail(string? email, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(email))
            errors.Add("email", "Give the member's e-mail: they log in with it.");
        else if (!IsEmail(email.Trim()))
            errors.Add("email", $"'{email}' is not an e-mail address: write it like zhangsan@example.cn.");
    }

    public static void CheckRole(string? role, FieldErrors errors)
    {
        if (role is not null && !Roles.IsKnown(role))
            errors.Add("role", Roles.Unknown(role));
    }

    public static void CheckPassword(string? password, bool required, FieldErrors errors)
    {
        if (password is null)
        {
            if (required)
                errors.Add("password", $"Give the member a password of at least {MinPasswordLength} characters to log in with.");
        }
        else if (password.Length < MinPasswordLength)
        {
            errors.Add("password", $"Use a password of at least {MinPasswordLength} characters.");
        }
    }

    public static void CheckDepartments(IReadOnlyCollection<Guid>? departmentIds, FieldErrors errors)
    {
        if (departmentIds is null || departmentIds.Count == 0)
            errors.Add("departmentIds", "Put the member in at least one department (departmentIds); create one first if there is none.");
    }

    public static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Length > 0 && !text.Contains(' ', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,32}$")]
    private static partial Regex AccountPattern();
}
