import AlumniCore
import Foundation
import Testing

/// Who may get a farewell by email, what templates see, and which segments make sense.
@Suite struct RelationsRulesTests {
    private func person(
        email: String? = "lars@example.se", doNotContact: Bool = false, preferred: ContactChannel? = nil,
        erased: Bool = false
    ) -> Person {
        Person(
            id: 7,
            fields: PersonFields(
                givenName: "Lars", familyName: "Sjöberg", email: email, kind: .employee,
                joined: CalendarDate(iso: "2012-03-01"), left: CalendarDate(iso: "2024-05-31"), tags: ["it", "oslo"]),
            preferredChannel: preferred, doNotContact: doNotContact, erasedAt: erased ? Date() : nil,
            createdAt: Date(), updatedAt: Date())
    }

    private func consent(_ topic: ContactTopic, _ channel: ContactChannel, _ granted: Bool) -> Consent {
        Consent(topic: topic, channel: channel, granted: granted, source: "form", actor: "hr", at: Date())
    }

    @Test func aFarewellIsEmailedOnlyToSomeoneWhoCanAndMayGetEmail() {
        #expect(FarewellNotice.emailBarrier(person: person(), consents: []) == nil)
        #expect(FarewellNotice.emailBarrier(person: person(email: nil), consents: []) == "no email address")
        #expect(FarewellNotice.emailBarrier(person: person(doNotContact: true), consents: []) == "do-not-contact")
        #expect(FarewellNotice.emailBarrier(person: person(erased: true), consents: []) == "erased")
        #expect(FarewellNotice.emailBarrier(person: person(preferred: .phone), consents: []) == "prefers phone")
        // Saying no to everything asked on email rules email out; one yes keeps it open.
        let noOnEmail = [consent(.newsletter, .email, false), consent(.events, .email, false)]
        #expect(FarewellNotice.emailBarrier(person: person(), consents: noOnEmail) == "declined email")
        #expect(
            FarewellNotice.emailBarrier(person: person(), consents: noOnEmail + [consent(.pension, .email, true)])
                == nil)
        #expect(FarewellNotice.emailBarrier(person: person(), consents: [consent(.newsletter, .post, false)]) == nil)
    }

    @Test func templatesSeeTheImportColumnsYearsAndThePension() {
        let pension = PensionArrangement(
            personId: 7, provider: "Alecta", plan: "ITP 1", reference: "77-1", from: CalendarDate(iso: "2012-03-01")!,
            to: nil)
        let values = CampaignRecipient(person: person(), years: 12, employer: "Nordlys AB", pension: pension)
            .templateValues
        #expect(values["given_name"] as? String == "Lars")
        #expect(values["left"] as? String == "2024-05-31")
        #expect(values["tags"] as? String == "it;oslo")
        #expect(values["years"] as? Int == 12)
        #expect(values["one_year"] as? Bool == false)
        #expect(values["employer"] as? String == "Nordlys AB")
        #expect(values["pension_plan"] as? String == "ITP 1")
        // Empty values are absent, so sections around them disappear.
        #expect(values["phone"] == nil)
        #expect(values["pension_to"] == nil)
        #expect(
            CampaignRecipient(person: person(), years: 0, employer: nil, pension: nil).templateValues["years"] == nil)
    }

    @Test func aSegmentNamesWhatIsWrongWithIt() throws {
        var segment = CampaignSegment()
        segment.countries = ["se", "XX"]
        segment.leftAfter = CalendarDate(iso: "2020-01-01")
        segment.leftBefore = CalendarDate(iso: "2019-01-01")
        segment.pensionPlan = "ITP 1"
        let failure = #expect(throws: ValidationFailure.self) { try segment.validated() }
        #expect(Set(failure?.errors.map(\.field) ?? []) == ["country", "left-before", "pension-provider"])

        var good = CampaignSegment()
        good.countries = ["se"]
        #expect(try good.validated().countries == ["SE"])
    }

    @Test func followUpMonthsAreASortedListOfWholeMonths() throws {
        var settings = OrganisationSettings()
        try settings.set(.followupMonths, to: "24, 6,12")
        #expect(settings.followupMonths == [6, 12, 24])
        #expect(settings.value(of: .followupMonths) == "6,12,24")
        #expect(throws: FieldError.self) { try settings.set(.followupMonths, to: "6,soon") }
        #expect(throws: FieldError.self) { try settings.set(.farewellDelayDays, to: "-1") }
    }
}
