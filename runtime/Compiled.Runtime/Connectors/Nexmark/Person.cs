namespace Compiled.Connectors.Nexmark;

/// <summary>A Nexmark "new person" event: someone registering to buy or sell.</summary>
/// <param name="Id">Person id (the first generated person has id 1000).</param>
/// <param name="Name">Full name, e.g. "Peter Shultz".</param>
/// <param name="EmailAddress">E-mail address.</param>
/// <param name="CreditCard">Credit card number as four space-separated groups of four digits.</param>
/// <param name="City">US city.</param>
/// <param name="State">Two-letter US state code.</param>
/// <param name="DateTime">Event time in epoch milliseconds (UTC).</param>
/// <param name="Extra">Padding that brings the record to its configured average size.</param>
[StreamRecord]
public readonly partial record struct Person(
    [FieldId(1)] long Id,
    [FieldId(2)] string Name,
    [FieldId(3)] string EmailAddress,
    [FieldId(4)] string CreditCard,
    [FieldId(5)] string City,
    [FieldId(6)] string State,
    [FieldId(7)] long DateTime,
    [FieldId(8)] string Extra);
