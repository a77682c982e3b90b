namespace MailHub.Core.Accounts;

public enum PasswordChangeResult
{
    Changed,
    WrongCurrentPassword,
    SameAsCurrent,
    NoAccount,
}
