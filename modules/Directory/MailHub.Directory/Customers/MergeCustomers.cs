using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Customers;

/// <summary>Which customer to fold into the one of the route.</summary>
internal sealed record MergeCustomersRequest([property: RouteParam] Guid Id, Guid OtherId);

internal sealed class MergeCustomersRequestValidator : Validator<MergeCustomersRequest>
{
    public MergeCustomersRequestValidator() =>
        RuleFor(r => r.OtherId).NotEmpty().WithMessage("Give otherId: the customer to fold into this one.");
}

/// <summary>POST /api/directory/customers/{id}/merge: two customers that are one person become one.</summary>
internal sealed class MergeCustomers(CustomerStore store) : Endpoint<MergeCustomersRequest, CustomerResponse>
{
    public override void Configure()
    {
        Post("/directory/customers/{id:guid}/merge");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Fold otherId into this customer.";
            s.Description = "otherId's contacts and conversations move here, blank fields are filled from it, and its id answers "
                + "with this customer from now on. Answers this customer; merging again answers the same. Refused (400) for "
                + "merging a customer with itself, (409) when either was already merged into a third, 404 when either is unknown.";
        });
    }

    public override async Task HandleAsync(MergeCustomersRequest request, CancellationToken cancellationToken)
    {
        var (id, otherId) = (request.Id, request.OtherId);
        var outcome = await store.MergeAsync(id, otherId, User.AccountId(), cancellationToken);
        await Send.ResultAsync(outcome switch
        {
            MergeOutcome.Merged or MergeOutcome.AlreadyMerged => TypedResults.Ok(CustomerResponse.Of((await store.FindAsync(id, cancellationToken))!)),
            MergeOutcome.SameCustomer => Problems.Invalid("otherId", "A customer cannot merge with itself: give another customer's id."),
            MergeOutcome.SurvivorWasMerged => Problems.Conflict("id",
                $"Customer {id} was itself merged into another customer: merge into that one (GET /api/directory/customers/{id} shows it)."),
            MergeOutcome.OtherWasMergedElsewhere => Problems.Conflict("otherId",
                $"Customer {otherId} was already merged into another customer: merge that one instead."),
            _ => Problems.NotFound("customer", await store.ResolveAsync(id, cancellationToken) is null ? id : otherId),
        });
    }
}
