namespace MailHub.Host.Api.Auth;

/// <summary>
/// Endpoint metadata: the endpoint answers an account that must change its password first (who am I, change the
/// password, sign out); every other one answers 403 until it is changed (<see cref="SessionCheck"/>).
/// </summary>
internal sealed class AllowedBeforePasswordChange
{
    public static readonly AllowedBeforePasswordChange Instance = new();
}
