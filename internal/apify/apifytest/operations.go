package apifytest

import (
	"net/http"
)

// Operation is an operation of the API description, named by its
// operationId: the fake's handlers, its faults and its hooks are all keyed
// by it, so that a test reads in the description's terms.
type Operation string

// The operations the fake serves, as the description names them.
const (
	GetWebhookDispatch             Operation = "webhookDispatch_get"
	ListWebhookDispatches          Operation = "webhookDispatches_get"
	ListWebhookDispatchesOfWebhook Operation = "webhook_webhookDispatches_get"
	ListWebhooks                   Operation = "webhooks_get"
	CreateWebhook                  Operation = "webhooks_post"
	GetWebhook                     Operation = "webhook_get"
	UpdateWebhook                  Operation = "webhook_put"
	DeleteWebhook                  Operation = "webhook_delete"
	TestWebhook                    Operation = "webhook_test_post"
	ListActorWebhooks              Operation = "actor_webhooks_get"
	ListActorTaskWebhooks          Operation = "actorTask_webhooks_get"
	GetActor                       Operation = "actor_get"
	GetCurrentUser                 Operation = "users_me_get"
	ListActorTasks                 Operation = "actorTasks_get"
	CreateActorTask                Operation = "actorTasks_post"
	GetActorTask                   Operation = "actorTask_get"
	UpdateActorTask                Operation = "actorTask_put"
	DeleteActorTask                Operation = "actorTask_delete"
	ListSchedules                  Operation = "schedules_get"
	CreateSchedule                 Operation = "schedules_post"
	GetSchedule                    Operation = "schedule_get"
	UpdateSchedule                 Operation = "schedule_put"
	DeleteSchedule                 Operation = "schedule_delete"
	RunActorTask                   Operation = "actorTask_runs_post"
	RunActor                       Operation = "actors_runs_post"
	GetActorRun                    Operation = "actorRun_get"
	GetLastActorTaskRun            Operation = "actorTask_runs_last_get"
	GetLastActorRun                Operation = "actor_runs_last_get"
)

// Target is the requests of one operation for one object: the operation
// and the value of its path parameter, "" for an operation without one.
type Target struct {
	Operation Operation
	ID        string
}

// Of is the target of op for the object with the ID id.
func (op Operation) Of(id string) Target { return Target{Operation: op, ID: id} }

// route serves one operation at its method and path; param names the
// path parameter that identifies the object, if any.
type route struct {
	operation Operation
	pattern   string
	param     string
	handler   http.HandlerFunc
}

func (s *Server) routes() []route {
	return []route{
		{GetWebhookDispatch, "GET /v2/webhook-dispatches/{dispatchId}", "dispatchId", s.webhookDispatchGet},
		{ListWebhookDispatches, "GET /v2/webhook-dispatches", "", s.webhookDispatchesGet},
		{ListWebhookDispatchesOfWebhook, "GET /v2/webhooks/{webhookId}/dispatches", "webhookId", s.webhookWebhookDispatchesGet},
		{ListWebhooks, "GET /v2/webhooks", "", s.webhooksGet},
		{CreateWebhook, "POST /v2/webhooks", "", s.webhooksPost},
		{GetWebhook, "GET /v2/webhooks/{webhookId}", "webhookId", s.webhookGet},
		{UpdateWebhook, "PUT /v2/webhooks/{webhookId}", "webhookId", s.webhookPut},
		{DeleteWebhook, "DELETE /v2/webhooks/{webhookId}", "webhookId", s.webhookDelete},
		{TestWebhook, "POST /v2/webhooks/{webhookId}/test", "webhookId", s.webhookTestPost},
		{ListActorWebhooks, "GET /v2/actors/{actorId}/webhooks", "actorId", s.actorWebhooksGet},
		{ListActorTaskWebhooks, "GET /v2/actor-tasks/{actorTaskId}/webhooks", "actorTaskId", s.actorTaskWebhooksGet},
		{GetActor, "GET /v2/actors/{actorId}", "actorId", s.actorGet},
		{GetCurrentUser, "GET /v2/users/me", "", s.usersMeGet},
		{ListActorTasks, "GET /v2/actor-tasks", "", s.actorTasksGet},
		{CreateActorTask, "POST /v2/actor-tasks", "", s.actorTasksPost},
		{GetActorTask, "GET /v2/actor-tasks/{actorTaskId}", "actorTaskId", s.actorTaskGet},
		{UpdateActorTask, "PUT /v2/actor-tasks/{actorTaskId}", "actorTaskId", s.actorTaskPut},
		{DeleteActorTask, "DELETE /v2/actor-tasks/{actorTaskId}", "actorTaskId", s.actorTaskDelete},
		{ListSchedules, "GET /v2/schedules", "", s.schedulesGet},
		{CreateSchedule, "POST /v2/schedules", "", s.schedulesPost},
		{GetSchedule, "GET /v2/schedules/{scheduleId}", "scheduleId", s.scheduleGet},
		{UpdateSchedule, "PUT /v2/schedules/{scheduleId}", "scheduleId", s.schedulePut},
		{DeleteSchedule, "DELETE /v2/schedules/{scheduleId}", "scheduleId", s.scheduleDelete},
		{RunActorTask, "POST /v2/actor-tasks/{actorTaskId}/runs", "actorTaskId", s.actorTaskRunsPost},
		{RunActor, "POST /v2/actors/{actorId}/runs", "actorId", s.actorRunsPost},
		{GetActorRun, "GET /v2/actor-runs/{runId}", "runId", s.actorRunGet},
		{GetLastActorTaskRun, "GET /v2/actor-tasks/{actorTaskId}/runs/last", "actorTaskId", s.actorTaskRunsLastGet},
		{GetLastActorRun, "GET /v2/actors/{actorId}/runs/last", "actorId", s.actorRunsLastGet},
	}
}

// hook is an action to run once, before the request for its target that
// follows the first after of them.
type hook struct {
	after  int
	action func()
}

// QueueFaults makes the next requests for target be answered by faults,
// one each, in order; later requests are served normally.
func (s *Server) QueueFaults(target Target, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[target] = append(s.faults[target], faults...)
}

// After runs action once, after the fake has answered n requests for
// target and before it answers the next: a change on the platform between
// two requests of one read, such as new dispatches arriving between two
// pages.
func (s *Server) After(target Target, n int, action func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks[target] = append(s.hooks[target], hook{after: n, action: action})
}

// DropAfterHandling makes the next request for target be handled in full,
// its changes stored, and then its connection dropped before the answer:
// the client cannot tell whether the API acted.
func (s *Server) DropAfterHandling(target Target) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropAfter[target]++
}

// serve answers a request for route: the hooks due run first, then a
// queued fault (or the rate-limit storm) answers in place of the handler,
// or the handler runs with its answer dropped, or as it is.
func (s *Server) serve(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		target := rt.operation.Of(r.PathValue(rt.param))
		s.runHooks(target)
		s.mu.Lock()
		fault := s.takeFault(target)
		if fault == nil && rt.operation == GetWebhookDispatch && s.storm.hits(target.ID) {
			fault = rateLimitedFault()
			s.rateLimited++
		}
		drop := fault == nil && s.dropAfter[target] > 0
		if drop {
			s.dropAfter[target]--
		}
		s.mu.Unlock()
		switch {
		case fault != nil:
			serveFault(w, r, fault)
		case drop:
			rt.handler(discard(), r)
			serveFault(w, r, ResetConnection())
		default:
			rt.handler(w, r)
		}
	}
}

// runHooks runs the hooks due before the next request for target, and
// counts that request. The caller does not hold s.mu: actions change the
// fake through its methods.
func (s *Server) runHooks(target Target) {
	s.mu.Lock()
	n := s.served[target]
	s.served[target] = n + 1
	var due []func()
	kept := s.hooks[target][:0]
	for _, h := range s.hooks[target] {
		if h.after == n {
			due = append(due, h.action)
		} else {
			kept = append(kept, h)
		}
	}
	s.hooks[target] = kept
	s.mu.Unlock()
	for _, action := range due {
		action()
	}
}

// takeFault pops the next fault queued for target; the caller holds s.mu.
func (s *Server) takeFault(target Target) Fault {
	queued := s.faults[target]
	if len(queued) == 0 {
		return nil
	}
	s.faults[target] = queued[1:]
	return queued[0]
}
