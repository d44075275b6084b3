import GuichetCore
import GuichetStore

/// The commitments of a remote-assistance request watched as obligations (issue 23): the Mac feasibility answer within
/// 4 hours of the request (000 art. 4.1), the callback by its 72-hour deadline from acceptance (000 art. 3.2). A step
/// that meets one settles it; one that makes it moot (withdrawal, the request closed) cancels it; the scheduler records
/// one still pending at its time as missed on the request, which goes on (T12: a new slot is agreed).
extension RemoteAssistanceService {
    package var obligations: ObligationRepository { ObligationRepository(store: store) }

    /// The watch of the Mac feasibility answer, for a request just made.
    package func feasibilityWatch(_ r: AssistanceRequest) -> Obligation? {
        guard r.os == .mac else { return nil }
        let deadline = rules.feasibilityDeadline(from: r.requestedAt, calendar: calendar)
        return watch(.feasibilityAnswer, r, due: deadline.endsAt, explanation: deadline.explanation)
    }

    /// The watches `e` (just applied to `r`) starts, settles or cancels, among the request's `pending` ones.
    package func watchChanges(_ r: AssistanceRequest, after e: AssistanceRequest.Event, pending: [Obligation]) -> [Obligation] {
        var changed: [Obligation] = []
        if e.kind == .accepted, let deadline = r.callbackDeadline(rules, calendar: calendar) {
            changed.append(watch(.callback, r, due: deadline.endsAt, explanation: deadline.explanation))
        }
        for o in pending {
            let met = o.kind == .callback ? r.calledBackAt : r.feasibilityAnsweredAt
            if let met, let done = o.settled(.done, at: e.at, outcome: "met at \(calendar.zone.local(met).iso) local") {
                changed.append(done)
            } else if r.status.isFinal, let moot = o.settled(.cancelled, at: e.at, outcome: "the request is \(r.status.rawValue)") {
                changed.append(moot)
            }
        }
        return changed
    }

    /// A watch whose time has come: the commitment is recorded as missed on the request, and the watch settled, in one
    /// transaction. Nil when it is not yet due at `now` (`run-due --until` a later day), or when the request changed
    /// meanwhile (the next run looks again).
    package func missed(_ o: Obligation, at now: Instant) async throws -> Obligation? {
        guard now >= o.dueAt else { return nil }
        var r = try await request(String(o.resource.dropFirst(AssistanceRepository.prefix.count)))
        let by = calendar.zone.local(o.dueAt).iso
        let what = o.kind == .callback ? "callback not made by \(by) local (000 art. 3.2)" : "Mac feasibility not answered by \(by) local (000 art. 4.1)"
        let e = AssistanceRequest.Event(.commitmentMissed, at: max(now, r.events[r.events.count - 1].at), text: what)
        let position = r.events.count
        try r.apply(e, rules: rules, calendar: calendar)
        // Escalated to the desk's supervision, in the same transaction (D-RUN-22).
        let escalation = try rules.escalationAddress.map { [try Outbox.event(MailTemplates.assistanceMissed(r, what: what, to: [$0]), at: now)] } ?? []
        let escalated = rules.escalationAddress.map { "; escalated to \($0)" } ?? ""
        guard let settled = o.settled(.done, at: now, outcome: "missed: \(what)\(escalated)") else { return nil }
        let step = try step(e, of: r), watch = try ObligationRepository.stored(settled, at: now)
        let key = try IdempotencyKey(scope: "assistance-history", key: "\(r.id)#\(position)", fingerprint: step.event.payload)
        do {
            _ = try await store.append([step.event, watch.event] + escalation, state: [step.row, watch.row], idempotency: key)
        } catch StoreError.idempotencyConflict {
            return nil
        }
        return settled
    }

    private func watch(_ kind: Obligation.Kind, _ r: AssistanceRequest, due: Instant, explanation: Explanation) -> Obligation {
        Obligation(id: ResourceID.make("obl"), kind: kind, resource: Self.stream(r.id), dueOn: calendar.zone.local(due).date, dueAt: due,
                   explanation: explanation)
    }
}
