/**
 * What a user does in n8n's editor, as playwright calls on n8n's own `data-test-id`s (the same in
 * n8n 1.123 and 2.41 where used here). Every step waits for a condition, never for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 60_000;

/**
 * A collection parameter's body and its add control. n8n 1.x gives them the plain classes
 * `collection-parameter` and `add-option`; n8n 2.x hashes those classes (CSS modules, e.g.
 * `_collectionParameter_764xp_1`) and marks the add control itself with
 * `data-test-id=collection-parameter-add` (a select, or a button when one option is left).
 */
const COLLECTION_BODIES = ['.collection-parameter', '[class^="_collectionParameter_"]'];
const COLLECTION = COLLECTION_BODIES.join(', ');
/** `selector` inside a collection's body, in either version's markup. */
const inCollection = (selector: string): string => COLLECTION_BODIES.map((body) => `${body} ${selector}`).join(', ');
const COLLECTION_FIELD = inCollection('[data-test-id=parameter-item]');
const COLLECTION_ADD_SELECT = '.add-option .el-select, [data-test-id=collection-parameter-add] .el-select';
const COLLECTION_ADD_BUTTON = '.param-options button, button[data-test-id=collection-parameter-add]';

/** The page's document, inside functions that run in the browser (this project compiles without DOM types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
declare const getComputedStyle: (element: unknown) => { visibility: string };

export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
	}

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
		await this.page.fill('input[name=emailOrLdapLoginId]', email);
		await this.page.fill('input[name=password]', password);
		await this.page.click('[data-test-id=form-submit-button]');
		await this.page.waitForURL((url) => !url.pathname.includes('/signin'));
	}

	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await this.page.waitForSelector('[data-test-id=canvas-plus-button]');
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
		await this.page.waitForSelector('[data-test-id=canvas-node]');
	}

	/** Opens the nodes panel (from the empty canvas, or from a node's output plus) and types a search. */
	async searchNodes(query: string, from: 'canvas' | 'lastNodeOutput' | 'open' = 'open'): Promise<string[]> {
		if (from === 'canvas') await this.page.click('[data-test-id=canvas-plus-button]');
		if (from === 'lastNodeOutput') await this.page.locator('[data-test-id=canvas-handle-plus]').last().click();
		const search = this.page.locator('[data-test-id=node-creator-search-bar]');
		await search.waitFor();
		await search.fill(query);
		// The list has settled when an entry holds the query's first word (n8n 2.41 shows its trigger
		// categories until the search has run).
		const first = query.split(' ')[0].toLowerCase();
		await this.page.waitForFunction(
			(word) => ([...document.querySelectorAll('[data-test-id=node-creator-item-name]')] as Array<{ textContent: string | null }>).some((e) => (e.textContent ?? '').toLowerCase().includes(word)),
			first,
		);
		await this.page.locator('[data-test-id=node-creator-item-name]').first().waitFor();
		return this.page.$$eval('[data-test-id=node-creator-item-name]', (els) => els.map((e) => (e.textContent ?? '').trim()));
	}

	/**
	 * Clicks a node in the nodes panel's results. A plain node lands on the canvas; a community
	 * node first shows its details page ("Add to workflow"); a community trigger shows its list of
	 * trigger actions instead (see addTriggerAction).
	 */
	async addNodeFromResults(name: string, kind: 'plain' | 'community' | 'communityTrigger'): Promise<void> {
		await this.page.locator('[data-test-id=node-creator-item-name]', { hasText: name }).first().click();
		if (kind === 'community') await this.page.getByRole('button', { name: 'Add to workflow' }).click();
	}

	async waitForNdv(): Promise<void> {
		await this.page.locator('[data-test-id=ndv] [data-test-id=node-parameters]').waitFor();
	}

	async closeNdv(): Promise<void> {
		// n8n 1.x: "Back to canvas"; n8n 2.x: the window's close button.
		await this.page.locator('[data-test-id=back-to-canvas], [data-test-id=ndv-close-button]').first().click();
		await this.page.locator('[data-test-id=ndv] [data-test-id=node-parameters]').waitFor({ state: 'hidden' });
	}

	async openNode(name: string): Promise<void> {
		await this.page.locator('[data-test-id=canvas-node]', { hasText: name }).first().dblclick();
		await this.waitForNdv();
	}

	/** The labels of the node's parameters as drawn, top to bottom (credential pickers included). */
	async parameterLabels(): Promise<string[]> {
		await this.waitForNdv();
		const labels = await this.page.$$eval('[data-test-id=ndv] [data-test-id=node-parameters] [data-test-id=parameter-item]', (els) =>
			els.map((e) => (e as { innerText: string }).innerText.split('\n')[0].trim()),
		);
		return labels.filter((l) => l !== '');
	}

	/** Top edge (px) of a parameter's label or of a credential picker, for order checks; -1 when not drawn. */
	async topOf(label: string): Promise<number> {
		const item = this.page
			.locator('[data-test-id=ndv] [data-test-id=node-parameters] [data-test-id=parameter-item], [data-test-id=ndv] [data-test-id=node-credentials-select]')
			.filter({ hasText: label })
			.last();
		const labelled = this.page.locator('[data-test-id=ndv] [data-test-id=credentials-label]', { hasText: label });
		for (const candidate of [labelled.first(), item]) {
			if ((await candidate.count()) > 0 && (await candidate.isVisible())) return (await candidate.boundingBox())?.y ?? -1;
		}
		return -1;
	}

	private parameter(name: string): Locator {
		return this.page.locator(`[data-test-id=ndv] [data-test-id=parameter-input-${name}]`).first();
	}

	/** Chooses an option of an options parameter by its label. */
	async choose(name: string, label: string): Promise<void> {
		await this.parameter(name).click();
		await this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
		await this.page.waitForFunction(
			({ name, label }) => {
				const input = document.querySelector(`[data-test-id=ndv] [data-test-id=parameter-input-${name}] input`) as { value: string } | null;
				return input?.value === label;
			},
			{ name, label },
		);
		// The chosen option's dropdown fades out for a moment: one still drawn would be read as the next
		// parameter's (seen in CI: the Entity Type's options read as the Events' options).
		await this.noDropdownDrawn();
	}

	/** The options an options or multi-options parameter offers, as listed in its open dropdown. */
	async optionsOf(name: string): Promise<string[]> {
		await this.noDropdownDrawn();
		await this.parameter(name).click();
		const items = this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
		await items.first().waitFor();
		// An option with a description shows it under its name: the name is the first line.
		const labels = await items.evaluateAll((els) => els.map((e) => ((e as { innerText: string }).innerText ?? '').split('\n')[0].trim()));
		await this.closeDropdown();
		return labels;
	}

	/**
	 * Closes the open dropdown and waits until no dropdown is drawn any more: one still fading out would
	 * otherwise be read as the next parameter's dropdown (seen in CI: the receipts' channels read as the
	 * events' options).
	 */
	async closeDropdown(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.noDropdownDrawn();
	}

	/** Waits until no dropdown is drawn (a closed one fades out for a moment). */
	async noDropdownDrawn(): Promise<void> {
		await this.page.waitForFunction(() =>
			[...document.querySelectorAll('.el-select-dropdown')].every((el) => {
				const box = el.getBoundingClientRect();
				return box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden';
			}),
		);
	}

	/** Ticks options of a multi-options parameter (keeps the ones already ticked). */
	async tick(name: string, labels: string[]): Promise<void> {
		await this.parameter(name).click();
		for (const label of labels) {
			await this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
		}
		await this.closeDropdown();
	}

	/** The tags a multi-options parameter shows (its selected values). */
	async tagsOf(name: string): Promise<string[]> {
		const parameter = this.parameter(name);
		if ((await parameter.count()) === 0) return [];
		return parameter.locator('.el-tag, .el-select__tags-text').evaluateAll((els) =>
			[...new Set(els.map((e) => (e.textContent ?? '').trim()).filter((t) => t !== ''))],
		);
	}

	/** Whether n8n marks a parameter's value as having issues (e.g. a value its options do not hold). */
	async hasIssues(name: string): Promise<boolean> {
		const item = this.page.locator('[data-test-id=ndv] [data-test-id=parameter-item]').filter({ has: this.page.locator(`label[for="${name}"]`) }).first();
		return (await item.locator('.has-issues').count()) > 0;
	}

	async setSwitch(name: string, on: boolean): Promise<void> {
		const toggle = this.parameter(name).locator('.el-switch');
		const isOn = async () => (await toggle.getAttribute('class'))?.includes('is-checked') ?? false;
		if ((await isOn()) !== on) await toggle.click();
		await this.page.waitForFunction(
			({ name, on }) =>
				(document.querySelector(`[data-test-id=ndv] [data-test-id=parameter-input-${name}] .el-switch`)?.classList.contains('is-checked') ?? false) === on,
			{ name, on },
		);
	}

	async fill(name: string, value: string): Promise<void> {
		const input = this.parameter(name).locator('input, textarea').first();
		await input.fill(value);
		await input.blur();
	}

	/** Adds an option of a collection ("Add Option" / "Add Channel") by its label. */
	async addCollectionOption(collection: string, label: string): Promise<void> {
		await this.collectionAdd(collection).click();
		await this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
		await this.noDropdownDrawn();
	}

	/**
	 * The options a collection's add control offers. With one option left n8n draws a plain button
	 * instead of a dropdown: it is clicked, and the label of the option it added is returned.
	 */
	async collectionChoices(collection: string): Promise<{ labels: string[]; added?: string }> {
		const item = this.collectionItem(collection);
		const select = item.locator(COLLECTION_ADD_SELECT).first();
		const button = item.locator(COLLECTION_ADD_BUTTON).first();
		await Promise.race([select.waitFor(), button.waitFor()]);
		if (await select.isVisible()) {
			await select.click();
			const items = this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
			await items.first().waitFor();
			const labels = await items.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
			await this.closeDropdown();
			return { labels };
		}
		const before = await this.collectionChildLabels(collection);
		await button.click();
		await this.page.waitForFunction(
			({ collection, count, fields }) => {
				const labelFor = document.querySelector(`[data-test-id=ndv] label[for="${collection}"]`);
				const item = labelFor?.closest('[data-test-id=parameter-item]');
				return (item?.querySelectorAll(fields).length ?? 0) > count;
			},
			{ collection, count: before.length, fields: COLLECTION_FIELD },
		);
		const after = await this.collectionChildLabels(collection);
		const added = after.find((l) => !before.includes(l));
		return { labels: added ? [added] : [], added };
	}

	/** The labels of the options a collection holds now. */
	async collectionChildLabels(collection: string): Promise<string[]> {
		return this.collectionItem(collection)
			.locator(inCollection('[data-test-id=parameter-item] [data-test-id=input-label]'))
			.evaluateAll((els) => els.map((e) => ((e as { innerText: string }).innerText ?? '').split('\n')[0].trim()));
	}

	/** A collection parameter ("Options", "Delivery Receipts"): its item in the list, found by its label's target. */
	private collectionItem(collection: string): Locator {
		return this.page
			.locator('[data-test-id=ndv] [data-test-id=node-parameters] [data-test-id=parameter-item]')
			.filter({ has: this.page.locator(`label[for="${collection}"]`) })
			.filter({ has: this.page.locator(COLLECTION) })
			.first();
	}

	private collectionAdd(collection: string): Locator {
		return this.collectionItem(collection).locator(COLLECTION_ADD_SELECT).first();
	}

	/** Notices (n8n's `notice` parameters) drawn in the node's window. */
	async notices(): Promise<string[]> {
		return this.page.$$eval('[data-test-id=ndv] [data-test-id=node-parameters] .n8n-notice, [data-test-id=ndv] [data-test-id=node-parameters] [role=alert]', (els) =>
			els.map((e) => (e as { innerText: string }).innerText.trim()),
		);
	}

	/**
	 * Opens "Create new credential" of the picker drawn under `label` (e.g. "Credential for Hub
	 * Signature API") and returns the form's title and type line; closes the form again.
	 */
	async newCredentialFormOf(label: string): Promise<string> {
		// The picker is drawn inside its label. With no credential of its type yet, n8n 2.x draws a
		// "Connect to …" button that opens the new credential's form; n8n 1.x always draws a select
		// whose footer item creates one.
		const slot = this.page.locator('[data-test-id=ndv] [data-test-id=credentials-label]').nth(await this.pickerIndex(label));
		const select = slot.locator('[data-test-id=node-credentials-select]').first();
		const connect = slot.locator('[data-test-id=node-credentials-empty-state] button').first();
		await Promise.race([select.waitFor(), connect.waitFor()]);
		if (await connect.isVisible()) {
			await connect.click();
		} else {
			await select.click();
			await this.page.locator('[data-test-id=node-credentials-select-item-new]:visible').first().click();
		}
		const dialog = this.page.locator('.el-dialog:has([data-test-id=credential-edit-dialog])');
		await dialog.locator('[data-test-id=credential-edit-dialog] [data-test-id=node-credentials-config-container], [data-test-id=credential-edit-dialog] [data-test-id=credential-connection-parameter]').first().waitFor();
		const title = (await dialog.locator('header').innerText()).replace(/\s+/g, ' ').trim();
		return title;
	}

	async closeCredentialForm(): Promise<void> {
		const dialog = this.page.locator('.el-dialog:has([data-test-id=credential-edit-dialog])');
		await dialog.locator('.el-dialog__headerbtn').click();
		// n8n may ask whether to close without saving.
		const confirm = this.page.locator('.el-message-box:visible');
		await Promise.race([dialog.waitFor({ state: 'hidden' }), confirm.waitFor()]);
		if (await confirm.isVisible()) {
			await confirm.locator('button', { hasText: /close|leave|discard|yes/i }).first().click();
			await dialog.waitFor({ state: 'hidden' });
		}
	}

	private async pickerIndex(label: string): Promise<number> {
		const labels = await this.credentialPickerLabels();
		const index = labels.indexOf(label);
		if (index < 0) throw new Error(`no credential picker labelled "${label}" (pickers: ${labels.join(' | ') || 'none'})`);
		return index;
	}

	/** A trigger's details page in the nodes panel lists its "actions" (e.g. "On incoming message"). */
	async addTriggerAction(label: string): Promise<void> {
		await this.page.locator('[data-test-id=item-iterator-item]', { hasText: label }).first().click();
	}

	async waitForCanvasNode(name: string): Promise<void> {
		await this.page.locator('[data-test-id=canvas-node]', { hasText: name }).first().waitFor();
	}

	/** The header of a trigger's panel (the input side of its window) and the whole window's text. */
	async triggerPanel(): Promise<{ header: string; all: string }> {
		const header = this.page.locator('[data-test-id=ndv] [data-test-id=trigger-header]').first();
		await header.waitFor();
		return {
			header: (await header.innerText()).replace(/\s+/g, ' '),
			all: (await this.page.locator('[data-test-id=ndv]').first().innerText()).replace(/\s+/g, ' '),
		};
	}

	/** Unticks options of a multi-options parameter by closing their tags. */
	async untick(name: string, labels: string[]): Promise<void> {
		for (const label of labels) {
			const tag = this.parameter(name).locator('.el-tag', { hasText: label }).first();
			await tag.locator('.el-tag__close').click();
			await tag.waitFor({ state: 'detached' });
		}
	}

	/** Saves the workflow (Save button) and returns its id from the URL. */
	async save(): Promise<string> {
		const button = this.page.locator('[data-test-id=workflow-save-button]');
		if (await button.isVisible()) {
			const saved = this.page.waitForResponse((r) => /\/rest\/workflows(\/[^/?]+)?(\?|$)/.test(r.url()) && ['POST', 'PATCH'].includes(r.request().method()) && r.ok());
			await button.click();
			await saved;
		} else {
			// n8n 2.x saves by itself shortly after each change and draws no Save button; Ctrl+S saves
			// now what is not saved yet. Callers that read the stored workflow wait until it holds what
			// they expect (`storedWorkflow` in walk.ts).
			await this.page.locator('[data-test-id=canvas-wrapper], #app').first().focus().catch(() => undefined);
			await this.page.keyboard.press('Control+s');
		}
		await this.page.waitForURL((url) => /\/workflow\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
		return new URL(this.page.url()).pathname.split('/').pop()!;
	}

	/** The labels of the output branch tabs of the open node's output panel (e.g. "Delivered Branch (1 item)"). */
	async outputBranches(): Promise<string[]> {
		return this.page.locator('[data-test-id=ndv] [data-test-id=output-panel] [data-test-id=branches] [data-test-id^=tab-]').allInnerTexts();
	}

	/** Clicks "Execute workflow" and waits until the run has finished (n8n's push message, then the button idles). */
	async executeWorkflow(): Promise<void> {
		const started = this.page.waitForResponse((r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()) && r.request().method() === 'POST');
		await this.page.locator('[data-test-id=execute-workflow-button]').first().click();
		const answer = await started;
		if (!answer.ok()) throw new Error(`POST ${answer.url()} answered ${answer.status()}: ${(await answer.text()).slice(0, 300)}`);
		// While a run is under way n8n shows a stop button; the run is over when it is gone again.
		await this.page.locator('[data-test-id=stop-execution-button]').first().waitFor({ state: 'attached', timeout: 5_000 }).catch(() => undefined);
		await this.page.locator('[data-test-id=stop-execution-button]').first().waitFor({ state: 'detached' });
	}

	/** Shows one output branch (Delivered / Failed / SMPP) in JSON view and returns its text. */
	async outputJson(branch: string): Promise<string> {
		const output = this.page.locator('[data-test-id=ndv] [data-test-id=output-panel]');
		await output.waitFor();
		const tab = output.locator('[data-test-id=branches] [data-test-id^=tab-]', { hasText: branch }).first();
		if ((await tab.count()) > 0) await tab.click();
		await output.locator('[data-test-id=radio-button-json]').click();
		const json = output.locator('[data-test-id=ndv-data-container] .vjs-tree, [data-test-id=ndv-data-container] .json-data').first();
		await json.waitFor();
		return (await json.innerText()).replace(/\n\s*/g, ' ');
	}

	/** The labels of a node's output handles on the canvas (e.g. Delivered, Failed). */
	async outputHandleLabels(nodeName: string): Promise<string[]> {
		await this.page.locator('[data-test-id=canvas-node]').first().waitFor();
		return this.page
			.locator(`[data-test-id=canvas-node-output-handle][data-node-name="${nodeName}"]`)
			.evaluateAll((els) => els.map((e) => ((e as { innerText: string }).innerText ?? '').trim()));
	}

	/** The credential pickers' labels (the label alone: n8n 2.x draws a "Connect to …" button inside it). */
	async credentialPickerLabels(): Promise<string[]> {
		return this.page.$$eval('[data-test-id=ndv] [data-test-id=credentials-label]', (els) =>
			els.map((e) => ((e.querySelector('label') ?? e).textContent ?? '').trim()),
		);
	}
}
