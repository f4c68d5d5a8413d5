/*
 * example.ts — a partner's typed client in a few lines, on the types
 * openapi-typescript makes from api-spec/openapi.yaml (build/client/
 * jobbro.d.ts). `make lint` compiles it with tsc --strict: a change of
 * the spec that breaks these calls breaks the lint.
 */
import type { components, operations, paths } from "../../build/client/jobbro";

type Job = components["schemas"]["Job"];
type JobCreate = components["schemas"]["JobCreate"];
type JobListQuery = NonNullable<operations["listJobs"]["parameters"]["query"]>;
type JobList =
	operations["listJobs"]["responses"][200]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];
type TokenForm =
	operations["createToken"]["requestBody"]["content"]["application/x-www-form-urlencoded"];

/* The paths this client calls must exist in the contract. */
const JOBS: keyof paths = "/v1/jobs";
const TOKEN: keyof paths = "/v1/auth/token";

export class JobbroClient {
	constructor(private base: string, private token?: string) {}

	private async call<T>(method: string, path: string, body?: unknown,
	    query?: Record<string, string | number | boolean | undefined>):
	    Promise<T> {
		const url = new URL(path, this.base);
		for (const [k, v] of Object.entries(query ?? {}))
			if (v !== undefined)
				url.searchParams.set(k, String(v));
		const headers: Record<string, string> = {
			Accept: "application/json",
		};
		if (this.token)
			headers.Authorization = `Bearer ${this.token}`;
		if (body !== undefined)
			headers["Content-Type"] = "application/json";
		const resp = await fetch(url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!resp.ok) {
			const p = (await resp.json()) as Problem;
			/* A problem's type is a page on this server. */
			throw new Error(`${p.title} (${new URL(p.type, this.base)}): ` +
			    `${p.detail ?? ""}`);
		}
		return (await resp.json()) as T;
	}

	async login(form: TokenForm): Promise<void> {
		const r = await this.call<{ access_token: string }>("POST", TOKEN,
		    form);
		this.token = r.access_token;
	}

	listJobs(query: JobListQuery = {}): Promise<JobList> {
		return this.call<JobList>("GET", JOBS, undefined, query);
	}

	createJob(job: JobCreate): Promise<Job> {
		return this.call<Job>("POST", JOBS, job);
	}
}

export async function example(base: string): Promise<string[]> {
	const api = new JobbroClient(base);
	await api.login({
		grant_type: "password",
		username: "consultant@demo.jobbro.dk",
		password: "demo-password",
	});
	const page = await api.listJobs({ status: "published", limit: 10 });
	const titles = page.data.map((j: Job) => `${j.title} (${j.weekly_hours} h)`);
	const created = await api.createJob({
		employer_id: page.data[0].employer_id,
		title: "Bagerimedhjælper",
		description: "Pakke brød om morgenen.",
		job_type: "skaanejob",
		weekly_hours: 12,
		single_supervisor: true,
		positions: 1,
		municipality_code: "0101",
	});
	titles.push(created.id);
	return titles;
}
