namespace MailHub.People.Members;

/// <summary>POST /api/directory/members/{id}/reactivate.</summary>
internal sealed class ReactivateMember(MemberStore store) : MemberActivation(store, "reactivate", active: true,
    "Reactivate a deactivated member (admins).",
    "The member signs in again with their password and routing may give them conversations again.");
