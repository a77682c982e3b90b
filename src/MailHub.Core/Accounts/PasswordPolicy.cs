namespace MailHub.Core.Accounts;

/// <summary>What a new password must be, with the words that say how to fix it.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="password"/> is not good enough, or null when it is.</summary>
    public static string? Check(string password)
    {
        if (password.Length < MinLength)
            return $"Use a password of at least {MinLength} characters (a few words make a good one).";
        if (password.Length > MaxLength)
            return $"Keep the password to {MaxLength} characters.";
        if (password.Distinct().Count() < 4)
            return "Use a password with more different characters than that.";
        return null;
    }
}
