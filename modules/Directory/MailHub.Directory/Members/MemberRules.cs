using System.Net.Mail;
using System.Text.RegularExpressions;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Departments;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

/// <summary>What makes member fields valid (the validators of create and edit share them), with messages that say how to fix them.</summary>
internal static partial class MemberRules
{
    public const int MaxAccountLength = 32;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 320;
    public const int MinPasswordLength = PasswordPolicy.MinLength; // the same rule as a password change

    private const string AccountShape = "1 to 32 letters (a-z, A-Z), digits, '.', '-' or '_'";

    public static IRuleBuilderOptions<T, string?> MemberAccount<T>(this IRuleBuilder<T, string?> account) => account
        .NotEmpty().WithMessage("Give the member an account: 1 to 32 letters, digits, '.', '-' or '_', e.g. \"zhangsan\".")
        .MaximumLength(MaxAccountLength).WithMessage($"'{{PropertyValue}}' is not a valid account: use {AccountShape}.")
        .Matches(AccountPattern()).WithMessage($"'{{PropertyValue}}' is not a valid account: use {AccountShape}.");

    public static IRuleBuilderOptions<T, string?> MemberName<T>(this IRuleBuilder<T, string?> name) => name
        .NotEmpty().WithMessage("Give the member's name, e.g. \"张三\".")
        .MaximumLength(MaxNameLength).WithMessage($"Keep the name to {MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> MemberEmail<T>(this IRuleBuilder<T, string?> email) => email
        .NotEmpty().WithMessage("Give the member's e-mail: they log in with it.")
        .MaximumLength(MaxEmailLength).WithMessage($"Keep the e-mail to {MaxEmailLength} characters.")
        .EmailAddress().WithMessage(NotAnEmail)
        .Must(e => IsEmail(e!.Trim())).WithMessage(NotAnEmail);

    /// <summary>A role MailHub knows (<see cref="Roles.IsKnown"/>); null keeps the default or the current one.</summary>
    public static IRuleBuilderOptions<T, string?> MemberRole<T>(this IRuleBuilder<T, string?> role) => role
        .Must(r => r is null || Roles.IsKnown(r))
        .WithMessage($"Unknown role '{{PropertyValue}}': use \"{Roles.Admin}\", \"{Roles.Supervisor}\" or \"{Roles.Agent}\".");

    public static IRuleBuilderOptions<T, string?> MemberPassword<T>(this IRuleBuilder<T, string?> password) => password
        .MinimumLength(MinPasswordLength).WithMessage((_, password) => PasswordPolicy.Check(password!))
        .MaximumLength(PasswordPolicy.MaxLength).WithMessage((_, password) => PasswordPolicy.Check(password!));

    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> MemberDepartments<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> departmentIds) =>
        departmentIds.NotEmpty().WithMessage("Put the member in at least one department (departmentIds); create one first if there is none.");

    /// <summary>The refusal of department ids that are not departments; null when they all are.</summary>
    public static async Task<IResult?> CheckDepartmentsExistAsync(IReadOnlyList<Guid> departmentIds, DepartmentStore departments,
        CancellationToken cancellationToken)
    {
        var missing = await departments.MissingAsync(departmentIds, cancellationToken);
        return missing.Count == 0
            ? null
            : Problems.Invalid("departmentIds", $"No department {string.Join(", ", missing)}: list the departments at GET /api/directory/departments.");
    }

    public static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Length > 0 && !text.Contains(' ', StringComparison.Ordinal);

    private const string NotAnEmail = "'{PropertyValue}' is not an e-mail address: write it like zhangsan@example.cn.";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,32}$")]
    private static partial Regex AccountPattern();
}
