namespace MailHub.People.Members;

/// <summary>POST /api/directory/members/{id}/deactivate.</summary>
internal sealed class DeactivateMember(MemberStore store) : MemberActivation(store, "deactivate", active: false,
    "Deactivate a member (admins).",
    "The member can no longer sign in: their account is disabled and every session and token of theirs ends on every node. "
    + "Routing gives them no new conversation (no team pick, no rule, no hand assignment); the conversations they have stay "
    + "theirs until someone transfers them, and their history stays.");
